"""Schemas of the admin domain's JSON: the audit log (the figures' are in app/reports/schemas.py)."""
from marshmallow import fields, validate

from app.schemas import LocalDateTime, PageArgs, Schema, page_of


class AuditArgs(PageArgs):
    action = fields.String(load_default=None, metadata={"description": "操作前缀，如 membership.application"})
    officer_id = fields.Integer(metadata={"description": "操作人（工作人员 id）"})
    target_type = fields.String(validate=validate.Length(max=40), metadata={"description": "对象类型，如 Station"})
    target_id = fields.Integer(metadata={"description": "对象编号"})
    date_from = fields.Date(data_key="from", metadata={"description": "起始日期（含）"})
    date_to = fields.Date(data_key="to", metadata={"description": "截止日期（含）"})


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = LocalDateTime()
    actor_officer_id = fields.Integer(allow_none=True)
    actor_name = fields.Function(lambda e: e.actor_officer.name if e.actor_officer else None)
    actor_user_id = fields.Integer(allow_none=True)
    action = fields.String()
    target_type = fields.String()
    target_id = fields.Integer(allow_none=True)
    org_id = fields.Integer(allow_none=True)
    from_state = fields.String(allow_none=True)
    to_state = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    details = fields.Dict()


AuditPageSchema = page_of(AuditEntrySchema, "AuditEntryPageSchema")
