"""Chinese labels of the member card's checks: one wording for the officer screen and the mini-program's staff mode.

Served to the mini-program by `GET /api/v1/labels` (app/labels/); plain constants only, no imports.
"""
#: What a scanned card turned out to be: valid, or the code of the error that refused it.
CARD_CHECK_LABELS = {"valid": "有效会员卡", "card_token_expired": "会员码已过期", "card_token_forged": "伪造或无效的会员码",
                     "card_revoked": "会员卡已失效"}

#: kind → labels, as app.labels.all_labels() and the mini-program see them.
LABELS = {"card_check": CARD_CHECK_LABELS}
