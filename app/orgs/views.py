"""Finding a union to join."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.orgs import services
from app.orgs.schemas import OrgSchema, OrgSearchArgs
from app.schemas import page_of

blp = Blueprint("orgs", __name__, url_prefix="/api/v1/orgs", description="工会组织")


@blp.route("")
class Orgs(MethodView):
    @blp.arguments(OrgSearchArgs, location="query")
    @blp.response(200, page_of(OrgSchema))
    def get(self, args):
        """按名称查找工会，可限定某组织之下（under）与类型（kind）。"""
        return services.search_orgs(**args)


@blp.route("/<int:org_id>")
class Org(MethodView):
    @blp.response(200, OrgSchema)
    def get(self, org_id):
        """一个工会组织。"""
        return services.get_org(org_id)


blueprints = [blp]
