#!/usr/bin/env python3
"""Creates the load scripts' `books` table (WAL): books-db.py PATH ROWS.

ROWS rows with ids 1..ROWS, 100 distinct authors (indexed), seeded so every run gets the same data.
"""
import random
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=WAL")
db.execute("""CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
  author TEXT NOT NULL, year INTEGER NOT NULL, price REAL NOT NULL)""")
db.execute("CREATE INDEX books_author ON books (author)")
rnd = random.Random(42)
db.executemany("INSERT INTO books (id, title, author, year, price) VALUES (?, ?, ?, ?, ?)",
  ((i, f"Book {i}", f"author-{i % 100}", rnd.randint(1950, 2025), round(rnd.uniform(5, 80), 2))
   for i in range(1, int(sys.argv[2]) + 1)))
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
