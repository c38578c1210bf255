from marshmallow import fields, validate

from app.orgs.schemas import OrgBriefSchema
from app.schemas import LocalDateTime, Schema


class CardSchema(Schema):
    member_no = fields.String()
    name = fields.String()
    org = fields.Nested(OrgBriefSchema)
    joined_at = LocalDateTime()
    issued_at = LocalDateTime()
    status = fields.String(metadata={"enum": ["active", "transferred_out", "suspended"]})


class QrTokenSchema(Schema):
    token = fields.String()
    expires_at = LocalDateTime()
    ttl_seconds = fields.Integer()


class PublicKeySchema(Schema):
    algorithm = fields.String()
    public_key_pem = fields.String()
    public_key_raw = fields.String(metadata={"description": "32-byte Ed25519 key, base64url"})
    token_format = fields.String()


class VerifyArgsSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=512))


class VerifyResultSchema(Schema):
    valid = fields.Boolean()
    member_status = fields.String()
    name_masked = fields.String()
    member_no = fields.String()
    org = fields.Nested(OrgBriefSchema)
