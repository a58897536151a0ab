"""Files → clean text with metadata → chunks with provenance. Knows nothing of embeddings or storage."""
