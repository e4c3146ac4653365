"""Talking to language models: an OpenAI-compatible chat client, prompt templates, robust JSON
parsing of answers and a local llama.cpp server for users with a model file.

The LLM writer (:mod:`newsdesk.write.llm`) and the verifier's LLM judge
(:mod:`newsdesk.verify.entailment`) both use :class:`~newsdesk.llm.client.ChatClient`. Nothing here
opens a connection or starts a process at import time.
"""

from newsdesk.llm.client import ChatClient, Reply
from newsdesk.llm.prompts import Prompt, load_prompt

__all__ = ["ChatClient", "Prompt", "Reply", "load_prompt"]
