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

    def get_path_names(self, org):
        return path_names(org)


class OrgBriefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
