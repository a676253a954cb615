"""The app's workers share one UserData: ticks from several threads at once must all be saved, none refused."""
import threading

from newsexplorer.index.store.userdata import UserData


def test_ticks_from_four_threads_are_all_saved(tmp_path):
    data = UserData(tmp_path)
    errors = []

    def tick(worker: int) -> None:
        for i in range(100):
            try:
                data.set_checked(f"w{worker}-{i}", True)
            except Exception as err:  # a refused save is what the user would lose
                errors.append(repr(err))

    threads = [threading.Thread(target=tick, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(data.marks()) == 400
    data.close()
    assert len(UserData(tmp_path).marks()) == 400
