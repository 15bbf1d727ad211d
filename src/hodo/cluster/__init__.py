"""Events across outlets: claims of one happening grouped, disagreements flagged."""

from hodo.cluster.contest import discrepancies
from hodo.cluster.events import cluster_claims, event_id_for

__all__ = ["cluster_claims", "discrepancies", "event_id_for"]
