"""`GET /api/v1/labels`: the Chinese label of every code the mini-program shows, from the same registry
as the officer screen, so a worker and an officer read the same words."""
import hashlib
from functools import cache

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from app.labels import worker_labels
from app.schemas import Schema

#: Labels change only with a deployment; the mini-program keeps its own copy and revalidates by ETag.
MAX_AGE_SECONDS = 3600

blp = Blueprint("labels", __name__, url_prefix="/api/v1/labels", description="中文标签")

LabelsSchema = Schema.from_dict(
    {kind: fields.Dict(keys=fields.String(), values=fields.String(),
                       metadata={"description": "代码 → 中文", "example": labels})
     for kind, labels in worker_labels().items()},
    name="Labels",
)


@cache
def _served():
    # Serialised here rather than by jsonify, which sorts keys: a kind's codes keep their domain order,
    # the order the mini-program's pickers offer them in (e.g. occupation "other" last).
    body = current_app.json.dumps(worker_labels(), sort_keys=False)
    return body, hashlib.sha256(body.encode()).hexdigest()


@blp.route("")
class Labels(MethodView):
    @blp.response(200, LabelsSchema, headers={
        "ETag": {"description": "内容指纹；带 If-None-Match 再次请求时未变化则答 304", "schema": {"type": "string"}},
        "Cache-Control": {"description": f"public, max-age={MAX_AGE_SECONDS}", "schema": {"type": "string"}},
    })
    @blp.alt_response(304, description="标签未变化（If-None-Match 与 ETag 相同）")
    def get(self):
        """各类代码的中文名称（职业、状态、案件类型等），与管理端显示一致；无需登录，可缓存。"""
        body, etag = _served()
        response = current_app.response_class(body, mimetype="application/json")
        response.set_etag(etag)
        response.cache_control.public = True
        response.cache_control.max_age = MAX_AGE_SECONDS
        return response.make_conditional(request)


blueprints = [blp]
