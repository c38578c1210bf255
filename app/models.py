"""Import every domain's tables so Alembic and the tests see the whole schema."""
from app.audit.models import AuditEntry  # noqa: F401
from app.auth.models import LoginThrottle, Officer, User  # noqa: F401
from app.campaigns.models import *  # noqa: F403
from app.cards.models import *  # noqa: F403
from app.legal_aid.models import *  # noqa: F403
from app.membership.models import *  # noqa: F403
from app.notifications.models import *  # noqa: F403
from app.orgs.models import Organization  # noqa: F401
from app.privacy.models import *  # noqa: F403
