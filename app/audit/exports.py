"""The audit log as an Excel sheet, filtered like the page; the export itself is audited."""
from app.admin.exports import Sheet, export_workbook, label, pages, when
from app.audit.services import describe_targets, list_audit_entries, record_audit


def _rows(actor, filters):
    for batch in _batches(pages(lambda **kw: list_audit_entries(actor, **kw), filters)):
        names = describe_targets(batch)
        for entry in batch:
            entry.target_label = names.get((entry.target_type, entry.target_id), "")
            yield entry


def _batches(entries, size=500):
    batch = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _state(value):
    return label("audit_state", value) if value else ""


def _value(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_value(item) for item in value) or "—"
    return str(label("audit_state", value)) if isinstance(value, str) else str(value)


def change_lines(entry):
    """An edit's old → new values as officers read them: "状态：待审核 → 已通过" (field and codes in Chinese)."""
    return [f"{label('audit_field', field)}：{_value(old)} → {_value(new)}"
            for field, (old, new) in (entry.details or {}).get("changes", {}).items()]


def _row(e, _full):
    actor = e.actor_officer.name if e.actor_officer else ("职工" if e.actor_user_id else "系统")
    changes = "；".join(change_lines(e))
    return [when(e.at), actor, label("audit_action", e.action), e.action, label("audit_target", e.target_type),
            e.target_id or "", e.target_label, _state(e.from_state), _state(e.to_state), changes, e.reason or "",
            e.org.name if e.org else ""]


AUDIT_LOG = Sheet(
    "audit", "审计日志",
    ["时间", "操作人", "操作", "操作代码", "对象类型", "对象编号", "对象", "原状态", "新状态", "变更内容", "原因",
     "组织"],
    _rows, _row)


def export_audit_log(actor, filters):
    """(xlsx bytes, file name, rows); the export is itself an entry, with its filters and row count."""
    content, filename, count = export_workbook(actor, AUDIT_LOG, filters)
    record_audit("audit.log.exported", actor=actor, target_type="export", org_id=actor.org_id, to_state="audit",
                 rows=count, filters={k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in filters.items()})
    return content, filename, count
