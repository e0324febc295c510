"""The search's one write: its entry in the audit log.

Never the search text when it is a personnummer or a name (the log holds no
personnummer and nothing that names a child); what a reviewer needs instead: who
searched, for what kind of thing, how many matches were shown and which children
and reports they were (ids, so the review can name them to those allowed), how many
matches elsewhere were only mentioned, and why a search was refused.
"""

from likvard.access.services import record_read

from .selectors import Results


def record_search(user, results: Results):
    children = [child.pk for child in results.children]
    return record_read(
        user,
        "search",
        None,
        child_id=children[0] if len(children) == 1 else None,
        district_id=getattr(user, "district_id", None),
        after={
            "kind": results.query.kind,
            "hits": results.hits,
            "children": children,
            "reports": [report.pk for report in results.reports],
            "elsewhere": results.hits_elsewhere,
            "refused": results.query.code,
        },
    )
