"""The one form of a NIP as typed: every sign-in, limit, search and import reads it this way.

Below every feature (the audit page's filter needs it as much as sign-in does); the NIP's own
rules (birth date, CPNS start, gender digit) live in lms.people.identity.
"""

import re


def normalise_nip(raw: str) -> str:
    """'19910101 201903 1 901' → '199101012019031901': all whitespace removed."""
    return re.sub(r"\s+", "", raw or "")
