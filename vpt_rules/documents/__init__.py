"""Letters and claim documents: sandboxed templates, their contexts, the registry, rendering, PDF."""
