"""Thin LangChain adapters over :class:`~langchain_neuralmem.engine.NeuralMemory`."""
