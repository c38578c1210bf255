"""The card-verification page: station staff and officers scan a member's card QR (a USB scanner
types it and presses Enter, or the camera reads it) and see at once whether it is valid."""
from flask import g, render_template, request

from app.admin.web import attempt, menu_item, officer_pages, require_roles
from app.auth import roles
from app.cards import services
from app.cards.labels import CARD_CHECK_LABELS
from app.membership.labels import MEMBER_STATUS_LABELS

bp = officer_pages("cards_pages", __name__)

menu_item(66, "核验会员码", "cards_pages.verify", allowed=roles.STATION_WORKERS)


def _valid(card):
    return {"ok": True, "title": CARD_CHECK_LABELS["valid"],
            "facts": [("会员号", card["member_no"]), ("姓名", card["name_masked"]), ("所在工会", card["org"].name),
                      ("会籍状态", MEMBER_STATUS_LABELS[card["member_status"]])]}


def _refused(error):
    return {"ok": False, "title": CARD_CHECK_LABELS.get(error.code, "无法核验"), "message": error.message}


@bp.route("/cards/verify", methods=["GET", "POST"])
def verify():
    require_roles(roles.STATION_WORKERS)
    outcome, status = None, 200
    if request.method == "POST":
        ok, result = attempt(lambda: services.verify_card_token(request.form.get("token", "").strip(), actor=g.officer),
                             refused=lambda error: error)
        outcome, status = (_valid(result), 200) if ok else (_refused(result), result.status)
    return render_template("cards/verify.html", outcome=outcome), status
