-- Set while an email is being handed to the mail server. A crash leaves it
-- set, and the next start marks that email "may not have arrived" instead
-- of sending it a second time.
ALTER TABLE email_outbox ADD COLUMN sending_since TEXT;
