import tempfile, time, os
from pathlib import Path
from bench.harness import prepare, ROOT, SECRET
from course_engine import create_app
from flask import Response
tmp = Path(tempfile.mkdtemp())
url = f"sqlite:///{tmp/'p.sqlite3'}"
learner = prepare(url, tmp, 1)[0]
app = create_app({"SECRET_KEY": SECRET, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp), "CONTENT_ROOT": str(ROOT), "CONTENT_AUTO_RELOAD": False})
body = b"x"*4300
app.add_url_rule("/floor", "floor", lambda: Response(body, mimetype="text/html"))
c = app.test_client()
c.set_cookie("session", learner.cookie)
path = "/courses/heart-collaboration/modules/community-resilience/1"
for p in [path, "/floor", "/", "/dashboard", "/courses/heart-collaboration/"]:
    c.get(p)
    t=time.perf_counter()
    for _ in range(300): c.get(p)
    print(p, "ms/req %.2f" % ((time.perf_counter()-t)/300*1000))
import cProfile, pstats
pr=cProfile.Profile(); pr.enable()
for _ in range(300): c.get(path)
pr.disable()
pstats.Stats(pr).sort_stats("tottime").print_stats(30)
