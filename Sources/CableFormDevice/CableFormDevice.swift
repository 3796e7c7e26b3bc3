import CableForm
