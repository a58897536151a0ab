"""Training the relevance judge (issue 18): pairs from ../shared/training, a LoRA cross-encoder over e5-small."""
