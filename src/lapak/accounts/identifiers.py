"""Which account a login identifier names: an NIP (18 digits), an email, or a phone number."""

from django.db.models import Q

from lapak.core.identifiers import InvalidIdentifier, parse_phone

from .models import User


def identifier_query(identifier: str) -> Q | None:
    """The filter that finds the account for what was typed in the login field, or None if it
    cannot name any account."""
    text = (identifier or "").strip()
    if not text:
        return None
    if "@" in text:
        return Q(email__iexact=text)
    compact = "".join(ch for ch in text if ch.isdigit())
    if len(compact) == 18 and compact == text.replace(" ", ""):
        return Q(nip=compact)
    try:
        return Q(phone=parse_phone(text))
    except InvalidIdentifier:
        return None


def user_by_identifier(identifier: str) -> User | None:
    query = identifier_query(identifier)
    return User.objects.filter(query).first() if query is not None else None
