from sqlalchemy import text
from tests.auth.test_password_reset import *  # noqa
def test_dbg(client, db, smtp):
    user = create_user(db, email="Forgetful@Example.org", full_name="Frances Forgetful")
    ask_for_reset(client, "forgetful@example.org")
    print("same?", db.get(type(user), user.id) is user)
    link = link_in(smtp.messages[0])
    r = choose_password(client, link)
    print(r.status_code, r.headers.get("Location"), user.password_hash, user.session_version)
    print("same?", db.get(type(user), user.id) is user, db.get(type(user), user.id).session_version)
    print(db.execute(text("select id, session_version from users")).all())
    print(db.execute(text("select * from password_reset_tokens")).all())
    assert 0
