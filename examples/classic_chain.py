"""A ConversationChain whose memory survives restarts and recalls old facts by meaning.

Run: python examples/classic_chain.py   (offline; swap FakeListLLM for any LangChain LLM)
"""

from langchain_classic.chains import ConversationChain
from langchain_core.language_models.fake import FakeListLLM

from langchain_neuralmem import NeuralHierarchicalMemory

memory = NeuralHierarchicalMemory(session_id="alice", db_path="example_memory.db", max_tokens=256)
memory.clear()  # start fresh each run of the example
llm = FakeListLLM(responses=["Noted!"] * 100)  # replace with a real model
chain = ConversationChain(llm=llm, memory=memory)

chain.invoke({"input": "My first dog was a beagle called Pepper."})
for i in range(40):
    chain.invoke({"input": f"Unrelated small talk number {i} about the weather."})

# What the LLM would see for a question about the dog, 80 turns later:
print(memory.load_memory_variables({"input": "What was the name of my first dog?"})["history"])
