INSERT INTO books (title, author, price) VALUES
  ('The Go Programming Language', 'Alan A. A. Donovan', 34.99),
  ('SQLite Internals', 'Anonymous', 12.50);
CREATE INDEX books_author ON books (author);
