enum CableFormPlaceholder {}
