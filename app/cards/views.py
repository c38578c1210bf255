"""The member card: the worker's card and rotating QR, the public key, and officers' verify."""
from datetime import UTC, datetime

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from app.auth.access import (
    current_officer,
    current_staff,
    current_worker,
    officer_signed_in,
    staff_required,
    worker_required,
)
from app.cards import services
from app.cards.schemas import CardSchema, PublicKeySchema, QrTokenSchema, VerifyArgsSchema, VerifyResultSchema
from app.signing import public_key_pem, public_key_raw_b64

blp = Blueprint("cards", __name__, url_prefix="/api/v1", description="会员服务卡")


@blp.route("/membership/card")
class MyCard(MethodView):
    decorators = [worker_required]
    @blp.response(200, CardSchema)
    def get(self):
        """我的会员卡：会员号、姓名、所在工会、入会时间、状态。"""
        return services.get_card(current_worker())


@blp.route("/membership/card/qr")
class MyCardQr(MethodView):
    decorators = [worker_required]
    @blp.response(200, QrTokenSchema)
    def get(self):
        """会员码：有效期不超过60秒的签名令牌，小程序据此绘制二维码并按时刷新。"""
        token, expires_at = services.issue_card_token(current_worker())
        return {"token": token, "expires_at": datetime.fromtimestamp(expires_at, UTC),
                "ttl_seconds": current_app.config["QR_TOKEN_TTL_SECONDS"]}


@blp.route("/cards/public-key")
class CardPublicKey(MethodView):
    @blp.response(200, PublicKeySchema)
    def get(self):
        """验码公钥（Ed25519），驿站设备可离线校验会员码与领取码。"""
        return {"algorithm": "Ed25519", "public_key_pem": public_key_pem(), "public_key_raw": public_key_raw_b64(),
                "token_format": "base64url(payload JSON {k, s, iat, exp}) + '.' + base64url(Ed25519 signature "
                                "over the first part)"}


@blp.route("/admin/cards/verify")
class VerifyCard(MethodView):
    decorators = [officer_signed_in]
    @blp.arguments(VerifyArgsSchema)
    @blp.response(200, VerifyResultSchema)
    def post(self, args):
        """核验会员码（驿站工作人员与工会管理员；志愿律师无权核验）：返回会员状态、脱敏姓名与所在工会，或过期/伪造/失效的原因。"""
        return services.verify_card_token(args["token"], actor=current_officer())


@blp.route("/staff/cards/verify")
class StaffVerifyCard(MethodView):
    decorators = [staff_required]
    @blp.arguments(VerifyArgsSchema)
    @blp.response(200, VerifyResultSchema)
    def post(self, args):
        """工作人员模式：扫描会员码核验，结果同工作人员端。"""
        return services.verify_card_token(args["token"], actor=current_staff())


blueprints = [blp]
