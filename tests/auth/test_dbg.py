from tests.factories import create_user
def test_dbg(auth, client, db):
    create_user(db, email="leave@example.org")
    r = auth.login("leave@example.org", remember=True)
    print(r.headers.getlist("Set-Cookie"))
    r = auth.logout()
    print(r.status_code, r.headers, r.get_data(as_text=True)[:3000])
    print(client._cookies)
    assert 0
