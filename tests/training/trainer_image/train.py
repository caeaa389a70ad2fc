print("validation:loss=0.5")
