from marshmallow import fields, validate

from app.auth.roles import ALL_ROLES
from app.orgs.schemas import OrgBriefSchema
from app.personal_data import mask_phone
from app.schemas import LocalDateTime, Schema


class WeChatCodeSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=128))


class UserSchema(Schema):
    id = fields.Integer()
    nickname = fields.String(allow_none=True)
    phone_masked = fields.Function(lambda user: mask_phone(user.phone))
    phone_bound = fields.Function(lambda user: bool(user.phone))
    created_at = LocalDateTime()


class PhoneBindSchema(WeChatCodeSchema):
    #: The join form asks for the number back to fill its phone field; otherwise only the masked one.
    fill_form = fields.Boolean(load_default=False)


class PhoneBoundSchema(UserSchema):
    #: The full number, only to its owner, only in this response, only when fill_form was asked for.
    phone = fields.String(attribute="phone_revealed", allow_none=True)


class LoginResultSchema(Schema):
    token = fields.String()
    expires_at = LocalDateTime()
    user = fields.Nested(UserSchema)


class MembershipSummarySchema(Schema):
    status = fields.String(metadata={"description": "none / pending / rejected / member"})
    member_no = fields.String(allow_none=True)
    member_status = fields.String(allow_none=True)
    org = fields.Nested(OrgBriefSchema, allow_none=True)
    org_name = fields.String(allow_none=True)
    application_id = fields.Integer(allow_none=True)
    id_number_masked = fields.String(allow_none=True, metadata={"description": "入会时填写的身份证号（脱敏）"})
    phone_masked = fields.String(allow_none=True, metadata={"description": "入会时填写的手机号（脱敏）"})


class MeSchema(Schema):
    """Dumped from UserSchema's output plus the membership summary."""

    id = fields.Integer()
    nickname = fields.String(allow_none=True)
    phone_masked = fields.String(allow_none=True)
    phone_bound = fields.Boolean()
    created_at = fields.String()
    membership = fields.Nested(MembershipSummarySchema)
    is_station_staff = fields.Boolean(metadata={"description": "此微信用户已绑定可在驿站工作的账号（工作人员模式）"})


class OfficerLoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=128),
                             metadata={"verbatim": True})


class OfficerSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String(allow_none=True)
    role = fields.String()
    org = fields.Nested(OrgBriefSchema)
    station_id = fields.Integer(allow_none=True)
    is_active = fields.Boolean()
    password_change_required = fields.Boolean()


class OfficerLoginResultSchema(Schema):
    token = fields.String()
    expires_at = LocalDateTime()
    officer = fields.Nested(OfficerSchema)


class PasswordChangeSchema(Schema):
    current_password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=128))
    new_password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=128))


class OfficerCreateSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=128))
    role = fields.String(required=True, validate=validate.OneOf(ALL_ROLES))
    org_id = fields.Integer(required=True)
    display_name = fields.String(validate=validate.Length(max=64))
    station_id = fields.Integer()
    lawyer_id = fields.Integer()
    firm = fields.String(validate=validate.Length(max=120))


class OneTimePasswordSchema(Schema):
    officer = fields.Nested(OfficerSchema)
    #: Shown once, to hand over to the officer; they must change it at their next sign-in.
    one_time_password = fields.String()


class StationChangeSchema(Schema):
    station_id = fields.Integer(required=True)


class BindCodeSchema(Schema):
    #: Six digits, shown once to the officer; only its HMAC is stored.
    code = fields.String()
    expires_at = LocalDateTime()


class StaffBindSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=16))


class StaffBindingSchema(Schema):
    """An officer account and whether a WeChat user is bound to it (staff mode)."""
    officer = fields.Function(lambda o: OfficerSchema().dump(o))
    bound = fields.Function(lambda o: o.user_id is not None)
