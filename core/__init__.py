"""The bottom layer: records that cross module boundaries, errors, settings and search filters."""
