DROP INDEX books_author;
DELETE FROM books;
