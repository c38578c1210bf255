"""Sending an Excel export as a download (the workbook itself is built in exports.py)."""
from io import BytesIO
from urllib.parse import quote

from flask import g, request, send_file

from app.admin.exports import export_workbook
from app.extensions import db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def send_export(kind, filters):
    """Build the workbook for the signed-in officer; "含完整身份证号" is the `full_ids` checkbox."""
    filters = {k: v for k, v in filters.items() if k != "sort" or kind == "applications"}
    content, filename, _ = export_workbook(g.officer, kind, filters,
                                           full_ids=request.form.get("full_ids") == "1")
    db.session.commit()  # the audit entry of a full export
    response = send_file(BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=filename)
    # Chinese file names need RFC 5987 encoding; keep an ASCII fallback for old browsers.
    response.headers["Content-Disposition"] = (f"attachment; filename=export-{kind}.xlsx; "
                                               f"filename*=UTF-8''{quote(filename)}")
    return response
