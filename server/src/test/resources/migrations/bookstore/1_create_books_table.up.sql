-- Same shape as sqlite-rest's examples/migrations: a books table, written with the PostgreSQL-style
-- types its README uses (SQLite accepts them through type affinity).
DROP TABLE IF EXISTS books;
CREATE TABLE books (
  id INTEGER PRIMARY KEY,
  title VARCHAR(255) NOT NULL,
  author VARCHAR(255) NOT NULL,
  price NUMERIC(5,2) NOT NULL
);
