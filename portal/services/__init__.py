"""Every query and commit lives here. Services take a Session and own the transaction."""
