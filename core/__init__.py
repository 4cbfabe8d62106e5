"""The machinery the apps stand on: the publication rule, versions and revisions, the activity
log and roles, old slugs, caches and cache tags with their purge machinery, the language policy,
the translation state and translators' files, sanitising and images. This package imports no
app of the project (`make lint` checks it); the apps find it, never the other way round:
publishable models are found by their base class, and each app declares what core needs to
know of its models (purge rules, exchanged kinds) from its AppConfig.ready()."""
