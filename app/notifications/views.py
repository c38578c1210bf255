"""Notifications for workers: the inbox, and which subscribe messages to ask for and what they answered."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.auth.access import current_worker, worker_required
from app.notifications import services
from app.notifications.schemas import (
    InboxItemSchema,
    InboxPageSchema,
    ReadAllSchema,
    SubscriptionsInSchema,
    SubscriptionsSchema,
    TemplateCatalogueSchema,
)
from app.schemas import PageArgs
from app.transaction import committed

blp = Blueprint("notifications", __name__, url_prefix="/api/v1", description="消息与订阅消息")


@blp.route("/notifications/templates")
class Templates(MethodView):
    @blp.response(200, TemplateCatalogueSchema)
    def get(self):
        """各类通知对应的订阅消息模板，以及提交申请、预约、报名时应请求订阅的模板。"""
        return services.template_catalogue()


@blp.route("/notifications/subscriptions")
class Subscriptions(MethodView):
    decorators = [worker_required]

    @blp.arguments(SubscriptionsInSchema)
    @blp.response(200, SubscriptionsSchema)
    def post(self, args):
        """记录 wx.requestSubscribeMessage 的结果：每次“accept”允许发送一条该模板的消息。"""
        return committed(services.record_subscriptions(current_worker(), args["results"]))


@blp.route("/me/notifications")
class Inbox(MethodView):
    decorators = [worker_required]

    @blp.arguments(PageArgs, location="query")
    @blp.response(200, InboxPageSchema)
    def get(self, args):
        """我的消息（最新在前），含未读条数。"""
        return services.my_notifications(current_worker(), args["page"], args["per_page"])


@blp.route("/me/notifications/<int:notification_id>/read")
class ReadOne(MethodView):
    decorators = [worker_required]

    @blp.response(200, InboxItemSchema)
    def post(self, notification_id):
        """标记一条消息为已读（只能读自己的消息）。"""
        return committed(services.read_notification(current_worker(), notification_id))


@blp.route("/me/notifications/read-all")
class ReadAll(MethodView):
    decorators = [worker_required]

    @blp.response(200, ReadAllSchema)
    def post(self):
        """全部标记为已读。"""
        return committed(services.read_all_notifications(current_worker()))


blueprints = [blp]
