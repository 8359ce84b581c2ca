"""The command line: thin click commands over the façade, the guided intake, batches."""
