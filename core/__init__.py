"""What the apps share: the publication rule, versions, the activity log, slug history and who
has a form open. This package imports no app of the project; the apps find it, never the other
way round (publishable models are found by their base class, not by app label)."""
