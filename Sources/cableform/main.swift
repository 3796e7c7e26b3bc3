print("cableform")
