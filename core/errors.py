"""Radar's exceptions: one base class, specific subclasses, messages that say what to do next."""


class RadarError(Exception):
    """Base class for every error Radar reports to a user."""


class IngestError(RadarError):
    """A file could not be turned into a document (unreadable, empty, corrupt, unsupported...)."""


class UnsupportedFormat(IngestError):
    """The file's extension is not one Radar can read."""


class IndexNotFound(RadarError):
    """No index exists where one was expected."""


class ModelMismatch(RadarError):
    """The index was built with another embedding model than the one configured."""


class ModelUnavailable(RadarError):
    """The embedding model cannot be built or loaded (offline, missing package...)."""


class StoreCorrupt(RadarError):
    """The index folder exists but cannot be read as a Radar store."""


class DocumentNotFound(RadarError):
    """A path given to `radar show` is not in the index."""


class InvalidQuery(RadarError):
    """The query or a filter is unusable."""
