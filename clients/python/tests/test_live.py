"""The client against a real coordinator and worker (started by relayq-clients-it's PythonClientIT)."""

import os
import tempfile
import unittest

import relayq
from relayq import JobFailed, JobNotFound, JobTimeout, job, worker_status

from support import TEST_WORKER, LiveTestCase, eventually, live

HOSTILE = "a'; rm -rf ~; '.mp4"


@live
class RunTest(LiveTestCase):

    def test_get_returns_the_stdout_of_the_job(self):
        self.assertEqual(job.run("echo SUCCESS").get(timeout=30), "SUCCESS\n")

    def test_a_failing_job_raises_with_its_exit_code_and_stderr(self):
        r = job.run("echo partial; echo 'no such file: in.mp4' >&2; exit 3")

        with self.assertRaises(JobFailed) as caught:
            r.get(timeout=30)

        failed = caught.exception
        self.assertEqual((failed.exit_code, failed.state, failed.reason), (3, "failed", "exit"))
        self.assertEqual(failed.stderr, "no such file: in.mp4\n")
        self.assertEqual(failed.stdout, "partial\n")
        self.assertEqual(str(failed), "job %s failed with exit code 3: no such file: in.mp4" % r.id)
        self.assertTrue(r.failed())
        self.assertFalse(r.successful())

    def test_an_argv_list_and_env_and_cwd_reach_the_job(self):
        cwd = os.path.realpath(tempfile.mkdtemp(dir=self.home))

        self.assertEqual(job.run(["printf", "%s|", HOSTILE, "$HOME"]).get(timeout=30), HOSTILE + "|$HOME|")
        self.assertEqual(job.run('echo "$GREETING"; pwd', env={"GREETING": "hi there"}, cwd=cwd).get(timeout=30),
                         "hi there\n" + cwd + "\n")

    def test_a_delayed_job_waits_for_its_time(self):
        r = job.run("echo later", delay=60)

        self.assertFalse(r.wait(timeout=0.3))
        self.assertEqual(r.info["state"], "queued")
        self.assertEqual(r.info["spec"]["delay"], "1m")
        self.assertTrue(r.cancel())

    def test_the_same_key_gives_back_the_same_job(self):
        key = "py-key-" + os.urandom(6).hex()

        first = job.run("echo once", key=key)
        again = job.run("echo once", key=key)

        self.assertEqual(again.id, first.id)

    def test_wait_ready_failed_and_info_follow_the_job(self):
        r = job.run("sleep 1; echo done", priority=3, timeout=60)

        self.assertFalse(r.ready())
        self.assertFalse(r.wait(timeout=0.2))
        self.assertTrue(r.wait(timeout=30))
        self.assertTrue(r.ready())
        self.assertFalse(r.failed())
        self.assertTrue(r.successful())
        info = r.info
        self.assertEqual(info["id"], r.id)
        self.assertEqual(info["state"], "succeeded")
        self.assertEqual(info["exitCode"], 0)
        self.assertEqual(info["spec"]["priority"], 3)
        self.assertEqual(info["spec"]["timeout"], "1m")
        self.assertEqual(len(info["attempts"]), 1)
        self.assertEqual(r.get(), "done\n")

    def test_get_gives_up_with_a_timeout_naming_the_job_and_why_it_waits(self):
        r = job.run("true", labels=["has:gpu"])

        with self.assertRaises(JobTimeout) as caught:
            r.get(timeout=0.3)

        self.assertIsInstance(caught.exception, TimeoutError)
        self.assertTrue(str(caught.exception).startswith("job %s is still queued after 0.3 s: " % r.id))
        self.assertIn("has:gpu", str(caught.exception))
        self.assertTrue(r.cancel())

    def test_cancel_stops_a_running_job(self):
        r = job.run("echo started; sleep 60")
        eventually(lambda: r.stdout() == "started\n")

        self.assertTrue(r.cancel())
        self.assertTrue(r.wait(timeout=30))

        self.assertEqual(r.info["state"], "cancelled")
        self.assertTrue(r.failed())
        with self.assertRaises(JobFailed) as caught:
            r.get()
        self.assertEqual(caught.exception.state, "cancelled")
        self.assertFalse(r.cancel())

    def test_an_unknown_job_is_not_found(self):
        with self.assertRaises(JobNotFound) as caught:
            job.result("j_0000000000000000").info

        self.assertEqual(caught.exception.job_id, "j_0000000000000000")


@live
class RoutingTest(LiveTestCase):

    def test_run_on_and_the_worker_option_send_the_job_to_that_worker(self):
        by_run_on = job.run_on(TEST_WORKER, "echo hi")
        by_option = job.run("echo hi", worker=TEST_WORKER)

        for r in (by_run_on, by_option):
            self.assertEqual(r.get(timeout=30), "hi\n")
            self.assertEqual(r.info["worker"], TEST_WORKER)
            self.assertEqual(r.info["spec"]["worker"], TEST_WORKER)

    def test_run_on_mac_without_aliases_needs_the_label_mac(self):
        r = job.run_on_mac("echo on a mac")

        self.assertEqual(r.get(timeout=30), "on a mac\n")
        self.assertEqual(r.info["spec"]["labels"], ["mac"])

    def test_run_on_mac_follows_a_config_alias_to_a_worker_name(self):
        self.write_config("aliases:\n  mac: %s\n" % TEST_WORKER)

        r = job.run_on_mac("echo aliased")

        self.assertEqual(r.get(timeout=30), "aliased\n")
        self.assertEqual(r.info["spec"]["worker"], TEST_WORKER)
        self.assertEqual(r.info["spec"]["labels"], [])

    def test_run_on_rpi_follows_an_alias_variable_to_labels(self):
        os.environ["RELAYQ_ALIAS_RPI"] = "[mac, has:ffmpeg]"

        r = job.run_on_rpi("echo labelled")

        self.assertEqual(r.get(timeout=30), "labelled\n")
        self.assertEqual(r.info["spec"]["labels"], ["has:ffmpeg", "mac"])

    def test_without_a_worker_for_the_alias_the_job_waits_and_says_why(self):
        r = job.run_on_rpi("echo never")

        self.assertFalse(r.wait(timeout=0.3))
        self.assertEqual(r.info["state"], "queued")
        self.assertIn("rpi", r.info["waiting"])
        self.assertTrue(r.cancel())


@live
class MediaTest(LiveTestCase):

    def test_transcode_passes_a_hostile_file_name_as_one_argument(self):
        # HOME of the job is a sandbox with a canary: were the name ever run by a shell, its
        # "rm -rf ~" would hit the sandbox, not the real home
        sandbox = tempfile.mkdtemp(dir=self.home)
        canary = os.path.join(sandbox, "canary")
        open(canary, "w").close()

        r = job.transcode(HOSTILE, "out.mp4", options="-c:v libx264 -crf 23", env={"HOME": sandbox}, cwd=sandbox,
                          retries=0)

        self.assertEqual(r.info["spec"]["argv"],
                         ["ffmpeg", "-nostdin", "-i", HOSTILE, "-c:v", "libx264", "-crf", "23", "out.mp4"])
        self.assertIsNone(r.info["spec"].get("command"))
        self.assertEqual(r.info["spec"]["labels"], ["has:ffmpeg"])
        self.assertEqual(r.info["spec"]["template"], {"name": "transcode", "params": {
            "input": HOSTILE, "output": "out.mp4", "options": ["-c:v", "libx264", "-crf", "23"]}})
        self.assertTrue(r.wait(timeout=30))
        info = r.info
        self.assertEqual(info["state"], "failed")
        # ffmpeg is not installed on the test machine: the program cannot start (127), or when it is,
        # it finds no such input file; either way nothing else ran
        self.assertTrue(info["reason"] == "start_failed" or info["exitCode"] not in (None, 0), info)
        self.assertTrue(os.path.exists(canary))

    def test_transcribe_asks_for_a_whisper_worker_with_its_arguments(self):
        r = job.transcribe("audio.wav", model="base")
        full = job.transcribe(HOSTILE, model="small", output_format="srt", output_dir="subs", language="en",
                              labels=["mac"], timeout=60)

        spec = r.info["spec"]
        self.assertEqual(spec["argv"], ["whisper", "audio.wav", "--model", "base", "--output_format", "txt"])
        self.assertEqual(spec["labels"], ["has:whisper"])
        self.assertEqual(spec["template"]["name"], "transcribe")
        self.assertEqual(full.info["spec"]["argv"], ["whisper", HOSTILE, "--model", "small", "--output_format", "srt",
                                                     "--output_dir", "subs", "--language", "en"])
        self.assertEqual(full.info["spec"]["labels"], ["has:whisper", "mac"])
        self.assertEqual(full.info["spec"]["timeout"], "1m")
        self.assertFalse(r.wait(timeout=0.2))
        self.assertTrue(r.cancel())
        self.assertTrue(full.cancel())


@live
class TemplateTest(LiveTestCase):
    # the cluster of PythonClientIT offers "bracket": printf "[%s]\n" FIRST REST... n=COUNT

    def test_run_template_runs_the_argv_the_coordinator_builds(self):
        r = job.run_template("bracket", first=HOSTILE, rest=["b c", "$(id)"], count=3)

        self.assertEqual(r.get(timeout=30), "[%s]\n[b c]\n[$(id)]\n[n=3]\n" % HOSTILE)
        self.assertEqual(r.info["spec"]["template"],
                         {"name": "bracket", "params": {"first": HOSTILE, "rest": ["b c", "$(id)"], "count": 3}})

    def test_job_options_reach_a_template_job(self):
        r = job.run_template("bracket", job_options={"worker": TEST_WORKER, "priority": 7, "key": "tpl-opts"},
                             first="x")

        self.assertEqual(r.get(timeout=30), "[x]\n[n=1]\n")
        self.assertEqual(r.info["spec"]["worker"], TEST_WORKER)
        self.assertEqual(r.info["spec"]["priority"], 7)
        self.assertEqual(r.info["key"], "tpl-opts")

    def test_bad_template_jobs_are_refused_with_a_code_that_says_why(self):
        for call, code, words in [
                (lambda: job.run_template("nope"), "unknown_template", "bracket, transcode, transcribe"),
                (lambda: job.run_template("bracket"), "missing_param", "needs parameter 'first'"),
                (lambda: job.run_template("bracket", first="x", frist="y"), "unknown_param", "'frist'"),
                (lambda: job.run_template("bracket", first="x", count="3"), "invalid_param", "expected an integer"),
                (lambda: job.transcribe("a.wav", output_format="docx"), "invalid_param", "txt, vtt, srt")]:
            with self.assertRaises(relayq.RelayqError) as caught:
                call()
            self.assertEqual(caught.exception.code, code)
            self.assertEqual(caught.exception.status, 400)
            self.assertIn(words, caught.exception.message)

    def test_templates_lists_each_template_with_its_parameters(self):
        by_name = {t["name"]: t for t in job.templates()}

        self.assertEqual(sorted(by_name), ["bracket", "transcode", "transcribe"])
        self.assertEqual(by_name["transcode"]["params"]["input"], {"type": "path", "required": True,
                                                                  "description": "the file ffmpeg reads"})
        self.assertEqual(by_name["transcode"]["labels"], ["has:ffmpeg"])
        self.assertEqual(by_name["bracket"]["params"]["count"]["default"], 1)


@live
class WorkerStatusTest(LiveTestCase):

    def test_worker_status_lists_the_online_worker_with_its_labels_and_load(self):
        r = job.run_on(TEST_WORKER, "sleep 30")
        eventually(lambda: r.info["state"] == "running")

        status = worker_status()

        self.assertTrue(status["online"])
        self.assertGreaterEqual(status["total_workers"], 1)
        self.assertGreaterEqual(status["total_active"], 1)
        w = status["workers"][TEST_WORKER]
        self.assertEqual(set(w), {"online", "status", "active_jobs", "labels", "slots", "jobs", "last_heartbeat",
                                  "last_poll", "host", "version"})
        self.assertTrue(w["online"])
        self.assertEqual(w["status"], "online")
        self.assertIn(r.id, w["jobs"])
        self.assertGreaterEqual(w["active_jobs"], 1)
        self.assertTrue({"mac", "has:ffmpeg"} <= set(w["labels"]))
        self.assertIsInstance(w["slots"], int)
        self.assertTrue(r.cancel())
        self.assertTrue(r.wait(timeout=30))
        self.assertIs(relayq.worker_status, worker_status)


if __name__ == "__main__":
    unittest.main()
