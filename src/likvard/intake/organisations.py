"""The organisations a reporter picks from: the partner registry's active partners."""


def partner_options() -> list[dict]:
    """id, name, kind and district of each active partner, by name."""
    return []
