"""The organisations a reporter picks from: the partner registry's active partners."""

from likvard.partners.selectors import active_partners


def partner_options() -> list[dict]:
    """id, name, kind and district (id) of each active partner, by name."""
    return list(active_partners())
