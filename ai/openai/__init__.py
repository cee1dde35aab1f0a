"""The OpenAI-compatible providers (OpenAI itself, llama.cpp, Ollama, vLLM) over the openai SDK."""
