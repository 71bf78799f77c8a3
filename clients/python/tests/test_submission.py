import datetime
import unittest

from relayq import _media
from relayq.client import build_submission, duration

HOSTILE = "a'; rm -rf ~; '.mp4"


class SubmissionTest(unittest.TestCase):

    def test_a_string_is_a_shell_command_and_a_list_an_argv(self):
        self.assertEqual(build_submission("echo hi"), {"command": "echo hi"})
        self.assertEqual(build_submission(["printf", "%s", HOSTILE]), {"argv": ["printf", "%s", HOSTILE]})
        with self.assertRaises(TypeError):
            build_submission(["ls", 3])

    def test_every_option_reaches_the_submission(self):
        s = build_submission("make", worker="mac-mini", labels="mac, has:ffmpeg", timeout=90, env={"N": 3},
                             cwd="/tmp", priority=5, key="k1", retries=0, delay=datetime.timedelta(seconds=1.5),
                             metadata={"ticket": "OPS-42"}, stdin="y\n")

        self.assertEqual(s, {"command": "make", "worker": "mac-mini", "labels": ["mac", "has:ffmpeg"],
                             "timeout": "90s", "env": {"N": "3"}, "cwd": "/tmp", "priority": 5, "key": "k1",
                             "retries": 0, "delay": "1500ms", "metadata": {"ticket": "OPS-42"}, "stdin": "y\n"})

    def test_run_at_is_sent_as_a_utc_instant(self):
        berlin = datetime.timezone(datetime.timedelta(hours=1))

        s = build_submission("true", run_at=datetime.datetime(2030, 1, 2, 4, 4, 5, tzinfo=berlin))

        self.assertEqual(s["runAt"], "2030-01-02T03:04:05Z")
        self.assertEqual(build_submission("true", run_at="2030-01-02T03:04:05Z")["runAt"], "2030-01-02T03:04:05Z")

    def test_durations_are_written_as_the_api_reads_them(self):
        self.assertEqual(duration(30, "timeout"), "30s")
        self.assertEqual(duration(0.25, "timeout"), "250ms")
        self.assertEqual(duration(" 10m ", "timeout"), "10m")
        self.assertEqual(duration(datetime.timedelta(hours=2), "timeout"), "7200s")
        with self.assertRaises(ValueError):
            duration(-1, "timeout")
        with self.assertRaises(TypeError):
            duration(True, "timeout")


class MediaParamsTest(unittest.TestCase):

    def test_transcode_sends_the_file_names_and_options_as_template_params(self):
        params = _media.transcode_params(HOSTILE, "out.mp4", "-c:v libx264 -crf 23")

        self.assertEqual(params, {"input": HOSTILE, "output": "out.mp4", "options": ["-c:v", "libx264", "-crf", "23"]})
        self.assertEqual(_media.transcode_params("a.mp4", "b.mp4"), {"input": "a.mp4", "output": "b.mp4"})

    def test_options_are_split_like_a_shell_without_expansion_or_taken_as_a_list(self):
        self.assertEqual(_media.options_list("-vf 'scale=1280:-2' -metadata title=\"$HOME\""),
                         ["-vf", "scale=1280:-2", "-metadata", "title=$HOME"])
        self.assertEqual(_media.options_list(["-crf", 23]), ["-crf", "23"])
        self.assertEqual(_media.options_list(None), [])

    def test_a_file_name_that_looks_like_an_option_is_made_a_path(self):
        self.assertEqual(_media.transcode_params("-y.mp4", "-out.mp4"), {"input": "./-y.mp4", "output": "./-out.mp4"})

    def test_transcribe_sends_the_file_and_settings_as_template_params(self):
        self.assertEqual(_media.transcribe_params(HOSTILE, model="small", output_format="srt", output_dir="subs",
                                                  language="en"),
                         {"file": HOSTILE, "model": "small", "outputFormat": "srt", "outputDir": "subs",
                          "language": "en"})
        self.assertEqual(_media.transcribe_params("a.wav"), {"file": "a.wav", "model": "base", "outputFormat": "txt"})

    def test_a_template_submission_has_no_command(self):
        self.assertEqual(build_submission(None, timeout=60, labels="mac"), {"timeout": "60s", "labels": ["mac"]})


if __name__ == "__main__":
    unittest.main()


class SchedulingOptionsTest(unittest.TestCase):
    def test_preference_group_and_dependencies_use_the_api_field_names(self):
        class Result:
            id = "j_0000000000000002"
        s = build_submission("make", prefer="mac, gpu", prefer_worker="mini", prefer_wait=120, group="transcode",
                             group_limit=2, after=["j_0000000000000001", Result()])
        self.assertEqual(s["prefer"], ["mac", "gpu"])
        self.assertEqual(s["preferWorker"], "mini")
        self.assertEqual(s["preferWait"], "120s")
        self.assertEqual(s["group"], "transcode")
        self.assertEqual(s["groupLimit"], 2)
        self.assertEqual(s["after"], ["j_0000000000000001", "j_0000000000000002"])

    def test_secret_env_is_sent_as_secretEnv_apart_from_env(self):
        s = build_submission("deploy", env={"A": 1}, secret_env={"DB_PASSWORD": "hunter2"})
        self.assertEqual(s["env"], {"A": "1"})
        self.assertEqual(s["secretEnv"], {"DB_PASSWORD": "hunter2"})
        with self.assertRaises(TypeError):
            build_submission("x", secret_env=["DB_PASSWORD=hunter2"])

    def test_a_single_dependency_may_be_given_alone(self):
        self.assertEqual(build_submission("x", after="j_0000000000000001")["after"], ["j_0000000000000001"])

