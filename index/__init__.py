"""Chunks → embeddings, vector and lexical indexes, and one fused search."""
