"""A limit on every staff action that writes, counted per staff member: an office shares one address."""

from flask_limiter.util import get_remote_address

from portal.extensions import limiter
from portal.rate_limit import posts_only
from portal.staff.access import current_staff

STAFF_WRITES = "60 per minute;1000 per day"


def _per_member() -> str:
    member = current_staff()
    return f"staff-{member.id}" if member is not None else get_remote_address()


# Put it under @staff_required, so it counts only signed-in members.
staff_writes = posts_only(limiter.shared_limit(STAFF_WRITES, scope="staff-writes", key_func=_per_member,
                                               methods=["POST"]))
