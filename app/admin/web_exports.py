"""Sending an Excel export as a download (the workbook itself is built in exports.py)."""
from io import BytesIO
from urllib.parse import quote

from flask import g, redirect, request, send_file, url_for

from app.admin.exports import export_workbook
from app.admin.web import attempt, back_url, flash_error
from app.errors import Forbidden

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def send_export(sheet, filters):
    """Build the workbook for the signed-in officer; "含完整身份证号" is the `full_ids` checkbox, with
    its reason and confirmation."""
    form = request.form
    back = back_url(url_for("admin_web.dashboard"))
    ok, result = attempt(lambda: export_workbook(
        g.officer, sheet, filters, full_ids=form.get("full_ids") == "1", reason=form.get("full_ids_reason"),
        confirmed=form.get("full_ids_confirm") == "1"), back, refused=lambda exc: _refused(exc, back))
    return xlsx_response(result[0], result[1], sheet.kind) if ok else result


def _refused(error, back):
    """A missing reason or confirmation goes back to the list with the message; no right stays 403."""
    if isinstance(error, Forbidden):
        raise error
    flash_error(error)
    return redirect(back)


def xlsx_response(content, filename, kind):
    response = send_file(BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=filename)
    # Chinese file names need RFC 5987 encoding; keep an ASCII fallback for old browsers.
    response.headers["Content-Disposition"] = (f"attachment; filename=export-{kind}.xlsx; "
                                               f"filename*=UTF-8''{quote(filename)}")
    return response
