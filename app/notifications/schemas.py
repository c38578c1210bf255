"""Notifications in and out: the inbox, the template catalogue, subscription results, the outbox."""
from marshmallow import fields, validate

from app.notifications.labels import NOTIFICATION_STATUS_LABELS as STATUS_LABELS
from app.notifications.models import STATUSES
from app.schemas import LocalDateTime, PageArgs, Schema, page_of


class InboxItemSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    body = fields.String()
    page = fields.String(allow_none=True)
    #: When it happened (a reminder: when it was due).
    created_at = LocalDateTime(attribute="due_at")
    read = fields.Function(lambda n: n.read_at is not None)
    read_at = LocalDateTime(allow_none=True)


class InboxPageSchema(page_of(InboxItemSchema, "InboxPageBaseSchema")):
    unread_count = fields.Integer()


class ReadAllSchema(Schema):
    unread_count = fields.Integer()
    marked = fields.Integer()


class TemplateEventSchema(Schema):
    event = fields.String()
    title = fields.String()
    template_id = fields.String()


class TemplateCatalogueSchema(Schema):
    events = fields.List(fields.Nested(TemplateEventSchema))
    #: apply / transfer / book / signup → the template ids to ask for at that moment.
    moments = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class SubscriptionsInSchema(Schema):
    #: What wx.requestSubscribeMessage answered: {template id: accept | reject | ban | filter}.
    results = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=64)),
                          values=fields.String(), required=True)


class SubscriptionSchema(Schema):
    template_id = fields.String()
    remaining = fields.Integer()


class SubscriptionsSchema(Schema):
    subscriptions = fields.List(fields.Nested(SubscriptionSchema))


class OutboxArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(STATUSES))


class OutboxItemSchema(Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    status = fields.String()
    status_label = fields.Function(lambda n: STATUS_LABELS[n.status])
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    due_at = LocalDateTime()
    sent_at = LocalDateTime(allow_none=True)
