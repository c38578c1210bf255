"""Shared marshmallow pieces: Chinese validation messages, local times, pagination."""
import marshmallow as ma
from marshmallow import fields, validate

from app.extensions import db
from app.timeutil import as_aware, to_local

# marshmallow's built-in messages are English; the people reading them are not.
_CHINESE_MESSAGES = {
    fields.Field: {"required": "此项为必填项", "null": "此项不能为空", "validator_failed": "输入无效"},
    fields.String: {"invalid": "应为文本"},
    fields.Integer: {"invalid": "应为整数", "too_large": "数值过大"},
    fields.Float: {"invalid": "应为数字", "special": "应为有效数字"},
    fields.Decimal: {"invalid": "应为金额数字", "special": "应为有效数字"},
    fields.Boolean: {"invalid": "应为是或否"},
    fields.DateTime: {"invalid": "时间格式无效", "invalid_awareness": "时间格式无效", "format": "时间格式无效"},
    fields.Date: {"invalid": "日期格式无效", "format": "日期格式无效"},
    fields.Time: {"invalid": "时间格式无效", "format": "时间格式无效"},
    fields.List: {"invalid": "应为列表"},
    fields.Nested: {"type": "格式无效"},
    fields.Dict: {"invalid": "格式无效"},
}
for _field, _messages in _CHINESE_MESSAGES.items():
    _field.default_error_messages = {**_field.default_error_messages, **_messages}
validate.Length.message_min = "长度不能少于 {min} 个字符"
validate.Length.message_max = "长度不能超过 {max} 个字符"
validate.Length.message_all = "长度应在 {min} 到 {max} 个字符之间"
validate.Length.message_equal = "长度应为 {equal} 个字符"
validate.Range.message_min = "应{min_op} {{min}}"
validate.Range.message_max = "应{max_op} {{max}}"
validate.Range.message_all = "应{min_op} {{min}} 且{max_op} {{max}}"
validate.Range.message_gte, validate.Range.message_gt = "不小于", "大于"
validate.Range.message_lte, validate.Range.message_lt = "不大于", "小于"
validate.OneOf.default_message = "不是允许的选项"
validate.Regexp.default_message = "格式不正确"
validate.Email.default_message = "邮箱格式不正确"


class Schema(ma.Schema):
    """Unknown fields are rejected with a Chinese message."""

    class Meta:
        unknown = ma.RAISE

    def handle_error(self, error, data, **kwargs):
        for name, messages in error.messages.items():
            if messages == ["Unknown field."]:
                error.messages[name] = ["不支持的字段"]
        raise error


class LocalDateTime(fields.DateTime):
    """ISO 8601 with the Asia/Shanghai offset out; naive input read as Shanghai wall time."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(to_local(value), attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return as_aware(super()._deserialize(value, attr, data, **kwargs))


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


def page_of(item_schema, name=None):
    """The list envelope: {items, total, page, per_page}."""
    return type(
        name or f"{item_schema.__name__.removesuffix('Schema')}PageSchema",
        (ma.Schema,),
        {
            "items": fields.List(fields.Nested(item_schema)),
            "total": fields.Integer(),
            "page": fields.Integer(),
            "per_page": fields.Integer(),
        },
    )


def paginate(select_stmt, page=1, per_page=20):
    """Run a SELECT for one page; return the envelope dict with the total."""
    result = db.paginate(select_stmt, page=page, per_page=per_page, error_out=False, count=True)
    return {"items": result.items, "total": result.total, "page": page, "per_page": per_page}
