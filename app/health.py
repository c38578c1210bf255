"""Liveness (/healthz, no dependencies) and readiness (/readyz, checks the database)."""
import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify

from app.extensions import db

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception as exc:  # any failure to reach the database means "not ready"
        log.warning("readiness check failed: %s", type(exc).__name__)
        db.session.rollback()
        return jsonify(error={"code": "database_unavailable", "message": "数据库暂不可用",
                              "fields": {}}, status="unavailable"), 503
    return jsonify(status="ready", database="ok")
