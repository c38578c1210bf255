"""The public page behind an offline poster's QR, `/j/<scene>`.

Inside WeChat the 扫普通链接二维码打开小程序 rule opens the join page with this URL in `options.q`;
opened anywhere else (a phone's camera, a browser) the URL answers with a small page naming the union
and asking the worker to scan the poster with WeChat.
"""
from flask import Blueprint, render_template

from app.membership.applications import get_point_by_scene
from app.membership.errors import PointNotFound

bp = Blueprint("join_link", __name__, template_folder="templates")


@bp.get("/j/<scene>")
def join_link(scene):
    try:
        point = get_point_by_scene(scene)
    except PointNotFound:
        return render_template("membership/join_link.html", point=None), 404
    return render_template("membership/join_link.html", point=point)
