"""Marshmallow in/out of the privacy domain."""
from marshmallow import fields, validate

from app.privacy.models import DELETION_STATUSES
from app.schemas import LocalDateTime, PageArgs, Schema, page_of


class DeletionRequestInSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(max=500))


class DeletionRequestSchema(Schema):
    id = fields.Integer()
    status = fields.String(metadata={"enum": list(DELETION_STATUSES)})
    requested_at = LocalDateTime()
    due_at = LocalDateTime(metadata={"description": "最迟在此时间前完成注销"})
    erased_at = LocalDateTime(allow_none=True)


class MyDeletionRequestSchema(Schema):
    """`request` is null when the worker never asked."""

    request = fields.Nested(DeletionRequestSchema, allow_none=True)
    erasure_days = fields.Integer(metadata={"description": "提出申请后最迟多少天内完成注销"})


class AdminDeletionRequestSchema(DeletionRequestSchema):
    user_id = fields.Integer()
    erased_by_officer_id = fields.Integer(allow_none=True)
    summary = fields.Dict()


AdminDeletionRequestPageSchema = page_of(AdminDeletionRequestSchema)


class DeletionListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(DELETION_STATUSES))


class ConsentWithdrawInSchema(Schema):
    confirm = fields.Boolean(required=True, validate=validate.Equal(True, error="请确认已了解撤回同意的后果"))


class ConsentWithdrawnSchema(Schema):
    applications = fields.Integer(metadata={"description": "删除了身份证号的入会申请数"})
    member = fields.Boolean(metadata={"description": "是否因此退会"})


class ConsentTextSchema(Schema):
    version = fields.String()
    title = fields.String()
    body = fields.String(metadata={"description": "告知书全文（段落以换行分隔）"})
    sha256 = fields.String(metadata={"description": "全文的 SHA-256，证明所示即所同意"})
    in_force_from = LocalDateTime()


class MyConsentSchema(Schema):
    application_id = fields.Integer()
    version = fields.String()
    accepted_at = LocalDateTime()
    text = fields.Nested(ConsentTextSchema, allow_none=True)


class MyConsentsSchema(Schema):
    items = fields.List(fields.Nested(MyConsentSchema))
