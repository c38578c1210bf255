from marshmallow import fields, validate

from app.orgs.labels import ORG_KIND_LABELS, ORG_SUBKIND_LABELS
from app.orgs.models import GRASSROOTS_SUBKINDS, ORG_KINDS
from app.orgs.services import path_names
from app.schemas import PageArgs, Schema


class OrgSearchArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=50))
    under = fields.Integer()
    kind = fields.String(validate=validate.OneOf(ORG_KINDS))


class OrgSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String(metadata={"enum": list(ORG_KINDS)})
    kind_label = fields.Function(lambda org: ORG_KIND_LABELS[org.kind])
    subkind = fields.String(allow_none=True, metadata={"enum": list(GRASSROOTS_SUBKINDS)})
    subkind_label = fields.Function(lambda org: ORG_SUBKIND_LABELS.get(org.subkind))
    parent_id = fields.Integer(allow_none=True)
    district_id = fields.Integer(allow_none=True)
    path_names = fields.Method("get_path_names")
    address = fields.String(allow_none=True)
    code = fields.String()
    credit_code = fields.String(allow_none=True)
    contact_person = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    active = fields.Boolean()

    def get_path_names(self, org):
        return path_names(org)


class OrgBriefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()


class OrgCreateSchema(Schema):
    parent_id = fields.Integer(required=True)
    code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    kind = fields.String(required=True, validate=validate.OneOf([k for k in ORG_KINDS if k != "city"]))
    subkind = fields.String(allow_none=True, validate=validate.OneOf(GRASSROOTS_SUBKINDS))
    credit_code = fields.String(allow_none=True, validate=validate.Length(max=18))
    address = fields.String(allow_none=True, validate=validate.Length(max=255))
    contact_person = fields.String(allow_none=True, validate=validate.Length(max=64))
    contact_phone = fields.String(allow_none=True, validate=validate.Length(max=20))


class OrgUpdateSchema(Schema):
    code = fields.String(validate=validate.Length(min=1, max=32))
    name = fields.String(validate=validate.Length(min=1, max=120))
    subkind = fields.String(allow_none=True, validate=validate.OneOf(GRASSROOTS_SUBKINDS))
    credit_code = fields.String(allow_none=True, validate=validate.Length(max=18))
    address = fields.String(allow_none=True, validate=validate.Length(max=255))
    contact_person = fields.String(allow_none=True, validate=validate.Length(max=64))
    contact_phone = fields.String(allow_none=True, validate=validate.Length(max=20))


class OrgMoveSchema(Schema):
    parent_id = fields.Integer(required=True)


class OrgDeactivateSchema(Schema):
    reason = fields.String(allow_none=True, validate=validate.Length(max=500))


class ManagedOrgArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=50))
    parent_id = fields.Integer()
    active = fields.Boolean()


class OrgPickArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=50))
    kind = fields.String(validate=validate.OneOf(ORG_KINDS))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class OrgPickSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    label = fields.String()
